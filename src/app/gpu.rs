//! The one file that knows about wgpu and pixels: a window-sized framebuffer shown on screen.
//!
//! The fast path copies the framebuffer straight into the swapchain image (one `write_texture`, no shader),
//! which keeps a once-a-second countdown cheap even on the software Vulkan driver: there a full-screen
//! textured quad, as `pixels` draws it, costs ~30 ms of CPU per frame against ~5 ms for the copy. Surfaces
//! that cannot be copied into (some Metal and DX12 setups) fall back to `pixels`.

use std::sync::Arc;

use pixels::wgpu;
use pixels::{Pixels, PixelsBuilder, SurfaceTexture};
use winit::window::Window;

#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error(
        "no graphics adapter was found ({0}). examday draws through Vulkan, Metal or DirectX; on Linux without a GPU \
         driver install the software one: `sudo apt-get install mesa-vulkan-drivers`"
    )]
    NoAdapter(String),
    #[error("the graphics surface failed: {0}")]
    Surface(String),
}

/// Byte order of the framebuffer: what the screen's surface wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Rgba,
    Bgra,
}

enum Backend {
    Copy {
        surface: wgpu::Surface<'static>,
        device: wgpu::Device,
        queue: wgpu::Queue,
        config: wgpu::SurfaceConfiguration,
        frame: Vec<u8>,
    },
    Pixels(Box<Pixels<'static>>),
}

pub struct Gpu {
    backend: Backend,
    width: u32,
    height: u32,
}

impl Gpu {
    pub fn new(window: Arc<Window>) -> Result<Gpu, GpuError> {
        let size = window.inner_size();
        let (width, height) = (size.width.max(1), size.height.max(1));
        if std::env::var_os("EXAMDAY_RENDERER").is_none_or(|v| v != "pixels")
            && let Some(backend) = copy_backend(window.clone(), width, height)?
        {
            return Ok(Gpu { backend, width, height });
        }
        let surface = SurfaceTexture::new(width, height, window);
        let pixels =
            PixelsBuilder::new(width, height, surface).enable_vsync(false).build().map_err(|e| match e {
                pixels::Error::AdapterNotFound | pixels::Error::DeviceNotFound(_) => {
                    GpuError::NoAdapter(e.to_string())
                }
                other => GpuError::Surface(other.to_string()),
            })?;
        pixels.device().on_uncaptured_error(Arc::new(|e| eprintln!("examday: graphics error: {e}")));
        Ok(Gpu { backend: Backend::Pixels(Box::new(pixels)), width, height })
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    pub fn order(&self) -> Order {
        match &self.backend {
            Backend::Copy { config, .. } if is_bgra(config.format) => Order::Bgra,
            _ => Order::Rgba,
        }
    }

    pub fn resize(&mut self, width: u32, height: u32) -> Result<(), GpuError> {
        let (width, height) = (width.max(1), height.max(1));
        if (width, height) == (self.width, self.height) {
            return Ok(());
        }
        match &mut self.backend {
            Backend::Copy { surface, device, config, frame, .. } => {
                config.width = width;
                config.height = height;
                surface.configure(device, config);
                frame.resize((width * height * 4) as usize, 0);
            }
            Backend::Pixels(pixels) => {
                pixels.resize_surface(width, height).map_err(|e| GpuError::Surface(e.to_string()))?;
                pixels.resize_buffer(width, height).map_err(|e| GpuError::Surface(e.to_string()))?;
            }
        }
        self.width = width;
        self.height = height;
        Ok(())
    }

    /// The framebuffer, `width * height` pixels in [`Gpu::order`]. It keeps the last frame's content.
    pub fn frame_mut(&mut self) -> &mut [u8] {
        match &mut self.backend {
            Backend::Copy { frame, .. } => frame,
            Backend::Pixels(pixels) => pixels.frame_mut(),
        }
    }

    pub fn frame(&self) -> &[u8] {
        match &self.backend {
            Backend::Copy { frame, .. } => frame,
            Backend::Pixels(pixels) => pixels.frame(),
        }
    }

    pub fn present(&self) -> Result<(), GpuError> {
        match &self.backend {
            Backend::Pixels(pixels) => pixels.render().map_err(|e| GpuError::Surface(e.to_string())),
            Backend::Copy { surface, device, queue, config, frame } => {
                let mut texture = None;
                for _ in 0..2 {
                    match surface.get_current_texture() {
                        wgpu::CurrentSurfaceTexture::Success(t)
                        | wgpu::CurrentSurfaceTexture::Suboptimal(t) => {
                            texture = Some(t);
                            break;
                        }
                        wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                            surface.configure(device, config);
                        }
                        wgpu::CurrentSurfaceTexture::Occluded | wgpu::CurrentSurfaceTexture::Timeout => {
                            return Ok(());
                        }
                        wgpu::CurrentSurfaceTexture::Validation => {
                            return Err(GpuError::Surface("validation error acquiring a frame".into()));
                        }
                    }
                }
                let Some(texture) = texture else { return Ok(()) };
                if texture.texture.width() != config.width || texture.texture.height() != config.height {
                    // A resize is on its way; this frame would not fit.
                    return Ok(());
                }
                queue.write_texture(
                    wgpu::TexelCopyTextureInfo {
                        texture: &texture.texture,
                        mip_level: 0,
                        origin: wgpu::Origin3d::ZERO,
                        aspect: wgpu::TextureAspect::All,
                    },
                    frame,
                    wgpu::TexelCopyBufferLayout {
                        offset: 0,
                        bytes_per_row: Some(config.width * 4),
                        rows_per_image: Some(config.height),
                    },
                    wgpu::Extent3d { width: config.width, height: config.height, depth_or_array_layers: 1 },
                );
                queue.submit(std::iter::empty());
                texture.present();
                Ok(())
            }
        }
    }
}

fn is_bgra(format: wgpu::TextureFormat) -> bool {
    matches!(format, wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Bgra8UnormSrgb)
}

/// The copy path, if the surface takes copies in an 8-bit RGBA or BGRA format. `Ok(None)`: use pixels.
fn copy_backend(window: Arc<Window>, width: u32, height: u32) -> Result<Option<Backend>, GpuError> {
    let instance = wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle().with_env());
    let surface = instance.create_surface(window).map_err(|e| GpuError::Surface(e.to_string()))?;
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
        compatible_surface: Some(&surface),
        ..wgpu::RequestAdapterOptions::default()
    }))
    .map_err(|e| GpuError::NoAdapter(e.to_string()))?;
    let caps = surface.get_capabilities(&adapter);
    if !caps.usages.contains(wgpu::TextureUsages::COPY_DST) {
        return Ok(None);
    }
    // Bytes are copied as they are, so a plain 8-bit format (sRGB or not) shows the framebuffer unchanged.
    let Some(format) = caps
        .formats
        .iter()
        .copied()
        .find(|f| matches!(f, wgpu::TextureFormat::Bgra8Unorm | wgpu::TextureFormat::Rgba8Unorm))
        .or_else(|| {
            caps.formats.iter().copied().find(|f| {
                matches!(f, wgpu::TextureFormat::Bgra8UnormSrgb | wgpu::TextureFormat::Rgba8UnormSrgb)
            })
        })
    else {
        return Ok(None);
    };
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor::default()))
        .map_err(|e| GpuError::NoAdapter(e.to_string()))?;
    device.on_uncaptured_error(Arc::new(|e| eprintln!("examday: graphics error: {e}")));
    let present_mode = [wgpu::PresentMode::Mailbox, wgpu::PresentMode::Immediate]
        .into_iter()
        .find(|m| caps.present_modes.contains(m))
        .unwrap_or(wgpu::PresentMode::Fifo);
    let config = wgpu::SurfaceConfiguration {
        usage: wgpu::TextureUsages::COPY_DST,
        format,
        width,
        height,
        present_mode,
        desired_maximum_frame_latency: 2,
        alpha_mode: caps.alpha_modes.first().copied().unwrap_or(wgpu::CompositeAlphaMode::Auto),
        view_formats: vec![],
    };
    surface.configure(&device, &config);
    let frame = vec![0u8; (width * height * 4) as usize];
    Ok(Some(Backend::Copy { surface, device, queue, config, frame }))
}
